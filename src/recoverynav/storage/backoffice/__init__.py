"""The back office's tables: cases (bo-case) and, from bo-id, staff and the audit chain.

(bo-case's branch: bo-id owns this file; the merge keeps bo-id's.)
"""
