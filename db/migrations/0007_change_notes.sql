-- Pushed invalidation (docs/design.md "Caches and invalidation"): every statement that changes what a
-- progress read depends on names the projects it touched, in two ways at once:
--   * appended to the transaction-local setting jixiao.touched, which the writer's own process reads just
--     before commit and invalidates at commit (a read after the write's commit always sees it);
--   * sent with pg_notify('jixiao_changes', ids), which other processes LISTEN for (delivered at commit;
--     identical payloads in one transaction are folded by PostgreSQL).
-- Credentials (users, tokens) changing say `auth`; a TRUNCATE says `all`. This replaces the single
-- fact_versions counter, which every writer updated (and so serialised on) and every read had to query.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['projects', 'indicators', 'measure_bindings', 'entries', 'entry_daily', 'measure_daily',
    'channel_projects', 'channel_daily', 'probe_endpoints', 'probe_daily', 'manual_values', 'assessments'] LOOP
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_bump_fact_version', t);
  END LOOP;
END $$;
--> statement-breakpoint
DROP FUNCTION IF EXISTS bump_fact_version();
--> statement-breakpoint
CREATE FUNCTION note_change(ids text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR ids = '' THEN RETURN; END IF;
  -- A NOTIFY payload is at most 8000 bytes: a statement touching that many projects says `all`.
  IF length(ids) > 7000 THEN ids := 'all'; END IF;
  PERFORM set_config('jixiao.touched', coalesce(nullif(current_setting('jixiao.touched', true), ''), '') || ',' || ids, true);
  PERFORM pg_notify('jixiao_changes', ids);
END $$;
--> statement-breakpoint
-- TG_ARGV[0] says how a changed row leads to its projects.
CREATE FUNCTION note_touched_projects() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  query text := CASE TG_ARGV[0]
    WHEN 'project' THEN 'select string_agg(distinct r.project_id::text, '','') from %1$I r where r.project_id is not null'
    WHEN 'self' THEN 'select string_agg(distinct r.id::text, '','') from %1$I r'
    WHEN 'indicator' THEN 'select string_agg(distinct i.project_id::text, '','') from %1$I r join indicators i on i.id = r.indicator_id'
    WHEN 'channel' THEN 'select string_agg(distinct cp.project_id::text, '','') from %1$I r join channel_projects cp on cp.channel_id = r.channel_id'
    WHEN 'channel_self' THEN 'select string_agg(distinct cp.project_id::text, '','') from %1$I r join channel_projects cp on cp.channel_id = r.id'
    WHEN 'endpoint' THEN 'select string_agg(distinct e.project_id::text, '','') from %1$I r join probe_endpoints e on e.id = r.endpoint_id where e.project_id is not null'
  END;
  ids text;
  more text;
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN EXECUTE format(query, 'new_rows') INTO ids; END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    EXECUTE format(query, 'old_rows') INTO more;
    ids := concat_ws(',', nullif(ids, ''), nullif(more, ''));
  END IF;
  PERFORM note_change(ids);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION note_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM note_change('all');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION note_auth_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM note_change('auth');
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE
  pair text[];
BEGIN
  FOREACH pair SLICE 1 IN ARRAY ARRAY[
    ARRAY['projects', 'self'], ARRAY['indicators', 'project'], ARRAY['measure_bindings', 'indicator'],
    ARRAY['entries', 'project'], ARRAY['entry_daily', 'project'], ARRAY['measure_daily', 'indicator'],
    ARRAY['channel_projects', 'project'], ARRAY['channel_daily', 'channel'], ARRAY['channels', 'channel_self'],
    ARRAY['probe_endpoints', 'project'], ARRAY['probe_daily', 'endpoint'], ARRAY['manual_values', 'indicator'],
    ARRAY['assessments', 'indicator']
  ] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION note_touched_projects(%L)',
      pair[1] || '_note_insert', pair[1], pair[2]);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION note_touched_projects(%L)',
      pair[1] || '_note_update', pair[1], pair[2]);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION note_touched_projects(%L)',
      pair[1] || '_note_delete', pair[1], pair[2]);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION note_truncate()', pair[1] || '_note_truncate', pair[1]);
  END LOOP;
END $$;
--> statement-breakpoint
-- A token or a user changing what a credential may do; last_used_at alone is not such a change.
CREATE TRIGGER api_tokens_note_auth AFTER UPDATE OF revoked_at, expires_at, token_hash, user_id OR DELETE ON api_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION note_auth_change();
--> statement-breakpoint
CREATE TRIGGER users_note_auth AFTER UPDATE OF disabled_at, role, unit_id, password_hash OR DELETE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION note_auth_change();
