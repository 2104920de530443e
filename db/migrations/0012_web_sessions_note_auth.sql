-- A browser session ending (sign-out, expiry, the user disabled) says `auth`, like a revoked token: every
-- process drops the sessions it holds in memory, so a signed-out cookie is refused everywhere at once.
CREATE TRIGGER web_sessions_note_auth AFTER DELETE ON web_sessions
  FOR EACH STATEMENT EXECUTE FUNCTION note_auth_change();
