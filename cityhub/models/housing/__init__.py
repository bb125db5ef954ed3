"""Subsidised rental housing: the operator, its projects and their units."""
