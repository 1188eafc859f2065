-- Grove schema, version 6: the checks summary of a workspace's pull request (passed, failed and
-- pending counts of its head commit, as GitHub last reported them), so the sidebar can show a checks
-- dot without asking GitHub. NULL: not known (no pull request, or not checked yet).

ALTER TABLE workspaces ADD COLUMN pr_checks_passed INTEGER;
ALTER TABLE workspaces ADD COLUMN pr_checks_failed INTEGER;
ALTER TABLE workspaces ADD COLUMN pr_checks_pending INTEGER;
