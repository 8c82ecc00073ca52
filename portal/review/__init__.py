"""Review of submitted applications: the coordinators' and ministry officers' queues, pages and decisions."""
