"""The write API for newsroom tools (filled in below)."""

from ninja import Router

router = Router()
