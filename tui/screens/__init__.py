"""One screen per module; imported lazily by tui.app.load_screen."""
