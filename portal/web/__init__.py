"""The web layer: app wiring (setup), error pages, security headers, log-in, language, navigation, home pages and
the helpers every feature's views share (role checks, form choices, money fields)."""
