"""Funding programmes and financing plans: arrive with their issue (see README, roadmap)."""
