-- Change notes name their origin (docs/design.md "Caches and invalidation"): a transaction that a process
-- announces to itself at commit sets jixiao.origin, and its NOTIFY payload becomes `origin|ids` so that
-- process can skip the echo. Unmarked transactions (writes outside the app's transaction wrapper, other
-- tools, psql) notify bare ids, which every listener, the writer included, acts on.
CREATE OR REPLACE FUNCTION note_change(ids text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  origin text := nullif(current_setting('jixiao.origin', true), '');
BEGIN
  IF ids IS NULL OR ids = '' THEN RETURN; END IF;
  -- A NOTIFY payload is at most 8000 bytes: a statement touching that many projects says `all`.
  IF length(ids) > 7000 THEN ids := 'all'; END IF;
  PERFORM set_config('jixiao.touched', coalesce(nullif(current_setting('jixiao.touched', true), ''), '') || ',' || ids, true);
  PERFORM pg_notify('jixiao_changes', CASE WHEN origin IS NULL THEN ids ELSE origin || '|' || ids END);
END $$;
