"""Workflow of an application (design §2): one table of transitions, guarded operations, frozen snapshots."""
