-- Every table a progress read depends on bumps one counter per writing statement, so cached progress
-- answers can be validated with a single primary-key read (see src/services/progress-cache.ts).
INSERT INTO "fact_versions" ("id", "version") VALUES (1, 0) ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE FUNCTION bump_fact_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE fact_versions SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['projects', 'indicators', 'measure_bindings', 'entries', 'entry_daily', 'measure_daily',
    'channel_projects', 'channel_daily', 'probe_endpoints', 'probe_daily', 'manual_values', 'assessments'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION bump_fact_version()',
      t || '_bump_fact_version', t);
  END LOOP;
END $$;
