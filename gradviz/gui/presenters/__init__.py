"""Presenters, one per region of the window: each is given the application state and its
widgets, subscribes to the parts of the state it shows, compares them with what it showed last
and applies only the difference, with the widgets' signals blocked (their setters are silent),
and turns the widgets' signals into intents. See docs/architecture.md."""
