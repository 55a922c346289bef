"""The shop floor's rules shared by the line PC and the regional server, without Qt.

The domain (catalogue, events and revisions, timelines, shifts, KPIs, andon), the sync
contract both sides speak, and the record<->row mappings the server borrows from the client's
store. Nothing here imports Qt, SQLite libraries, HTTP clients or either application (an
import-linter contract checks it), so the server installs without the client's dependencies.
"""
