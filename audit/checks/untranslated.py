"""Placeholder until the check module lands."""
