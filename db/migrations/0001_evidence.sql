CREATE TABLE "assessments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"indicator_id" integer NOT NULL,
	"tier" text NOT NULL,
	"score" numeric(5, 2) NOT NULL,
	"as_of" date NOT NULL,
	"note" text,
	"author" text,
	"supersedes_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "channel_daily" (
	"channel_id" integer NOT NULL,
	"day" date NOT NULL,
	"posts" integer DEFAULT 0 NOT NULL,
	"readers" bigint DEFAULT 0 NOT NULL,
	"reads" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "channel_daily_pkey" PRIMARY KEY("channel_id","day")
);
--> statement-breakpoint
CREATE TABLE "channel_projects" (
	"channel_id" integer NOT NULL,
	"project_id" integer NOT NULL,
	CONSTRAINT "channel_projects_pkey" PRIMARY KEY("channel_id","project_id")
);
--> statement-breakpoint
CREATE TABLE "channels" (
	"id" serial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"name" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"kind" text NOT NULL,
	"day" date NOT NULL,
	"fields" jsonb NOT NULL,
	"dedupe_key" text NOT NULL,
	"source" text NOT NULL,
	"author" text,
	"supersedes_id" bigint,
	"voided" boolean DEFAULT false NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entry_daily" (
	"project_id" integer NOT NULL,
	"kind" text NOT NULL,
	"day" date NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	"amount" numeric(18, 2) DEFAULT '0' NOT NULL,
	CONSTRAINT "entry_daily_pkey" PRIMARY KEY("project_id","kind","day")
);
--> statement-breakpoint
CREATE TABLE "manual_values" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"indicator_id" integer NOT NULL,
	"value" numeric NOT NULL,
	"as_of" date NOT NULL,
	"note" text,
	"evidence_url" text,
	"author" text,
	"source" text NOT NULL,
	"supersedes_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "measure_bindings" (
	"indicator_id" integer PRIMARY KEY NOT NULL,
	"spec" jsonb NOT NULL,
	"proposed" boolean DEFAULT true NOT NULL,
	"confirmed_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "measure_daily" (
	"indicator_id" integer NOT NULL,
	"day" date NOT NULL,
	"n" numeric DEFAULT '0' NOT NULL,
	"hits" numeric DEFAULT '0' NOT NULL,
	"sum" numeric DEFAULT '0' NOT NULL,
	CONSTRAINT "measure_daily_pkey" PRIMARY KEY("indicator_id","day")
);
--> statement-breakpoint
CREATE TABLE "post_stats" (
	"post_id" bigint NOT NULL,
	"day" date NOT NULL,
	"readers" integer,
	"reads" integer,
	"shares" integer,
	"likes" integer,
	"zaikan" integer,
	"comments" integer,
	"favourites" integer,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "post_stats_pkey" PRIMARY KEY("post_id","day")
);
--> statement-breakpoint
CREATE TABLE "posts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel_id" integer NOT NULL,
	"external_id" text NOT NULL,
	"title" text NOT NULL,
	"url" text,
	"published_at" timestamp with time zone NOT NULL,
	"day" date NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "probe_daily" (
	"endpoint_id" integer NOT NULL,
	"day" date NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"ok" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "probe_daily_pkey" PRIMARY KEY("endpoint_id","day")
);
--> statement-breakpoint
CREATE TABLE "probe_endpoints" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"target" text NOT NULL,
	"project_id" integer,
	"interval_minutes" integer DEFAULT 5 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "probe_results" (
	"endpoint_id" integer NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"day" date NOT NULL,
	"ok" boolean NOT NULL,
	"latency_ms" integer,
	"error" text,
	CONSTRAINT "probe_results_pkey" PRIMARY KEY("endpoint_id","checked_at")
);
--> statement-breakpoint
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_daily" ADD CONSTRAINT "channel_daily_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_projects" ADD CONSTRAINT "channel_projects_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_projects" ADD CONSTRAINT "channel_projects_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_daily" ADD CONSTRAINT "entry_daily_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manual_values" ADD CONSTRAINT "manual_values_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_bindings" ADD CONSTRAINT "measure_bindings_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_daily" ADD CONSTRAINT "measure_daily_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_stats" ADD CONSTRAINT "post_stats_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "probe_daily" ADD CONSTRAINT "probe_daily_endpoint_id_probe_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."probe_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "probe_endpoints" ADD CONSTRAINT "probe_endpoints_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "probe_results" ADD CONSTRAINT "probe_results_endpoint_id_probe_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."probe_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessments_indicator_id_as_of_idx" ON "assessments" USING btree ("indicator_id","as_of");--> statement-breakpoint
CREATE UNIQUE INDEX "assessments_supersedes_id_key" ON "assessments" USING btree ("supersedes_id");--> statement-breakpoint
CREATE INDEX "channel_projects_project_id_idx" ON "channel_projects" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "channels_name_key" ON "channels" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "entries_project_id_dedupe_key_key" ON "entries" USING btree ("project_id","dedupe_key");--> statement-breakpoint
CREATE UNIQUE INDEX "entries_supersedes_id_key" ON "entries" USING btree ("supersedes_id");--> statement-breakpoint
CREATE INDEX "entries_project_id_kind_day_idx" ON "entries" USING btree ("project_id","kind","day");--> statement-breakpoint
CREATE INDEX "manual_values_indicator_id_as_of_idx" ON "manual_values" USING btree ("indicator_id","as_of");--> statement-breakpoint
CREATE UNIQUE INDEX "manual_values_supersedes_id_key" ON "manual_values" USING btree ("supersedes_id");--> statement-breakpoint
CREATE UNIQUE INDEX "posts_channel_id_external_id_key" ON "posts" USING btree ("channel_id","external_id");--> statement-breakpoint
CREATE INDEX "posts_channel_id_day_idx" ON "posts" USING btree ("channel_id","day");--> statement-breakpoint
CREATE UNIQUE INDEX "probe_endpoints_name_key" ON "probe_endpoints" USING btree ("name");