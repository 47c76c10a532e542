"""Calls for projects and applications: arrive with their issue (see README, roadmap)."""
