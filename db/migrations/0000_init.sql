CREATE TABLE "import_batches" (
	"id" serial PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"year" integer NOT NULL,
	"imported_by" text,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"result" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicators" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"key" text NOT NULL,
	"position" integer NOT NULL,
	"level1" text NOT NULL,
	"level2" text NOT NULL,
	"level3" text NOT NULL,
	"description" text,
	"target_raw" text NOT NULL,
	"target_kind" text NOT NULL,
	"comparator" text,
	"comparator_inferred" boolean DEFAULT false NOT NULL,
	"target_value" numeric,
	"target_unit" text,
	"normalized_value" numeric,
	"normalized_unit" text,
	"target_text" text,
	"range_min" numeric,
	"range_max" numeric,
	"deadline" date,
	"weight" numeric(6, 2),
	"applicable" boolean DEFAULT true NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"needs_review" boolean DEFAULT false NOT NULL,
	"confirmed_by" text,
	"confirmed_at" timestamp with time zone,
	"active" boolean DEFAULT true NOT NULL,
	"source_line" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" serial PRIMARY KEY NOT NULL,
	"unit_id" integer NOT NULL,
	"year" integer NOT NULL,
	"name" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"budget_total" numeric(16, 2),
	"budget_fiscal" numeric(16, 2),
	"budget_other" numeric(16, 2),
	"budget_weight" numeric(6, 2),
	"purpose" text,
	"goals" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"import_batch_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"code" text,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_import_batch_id_import_batches_id_fk" FOREIGN KEY ("import_batch_id") REFERENCES "public"."import_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_batches_sha256_idx" ON "import_batches" USING btree ("sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "indicators_project_id_key_key" ON "indicators" USING btree ("project_id","key");--> statement-breakpoint
CREATE INDEX "indicators_project_id_position_idx" ON "indicators" USING btree ("project_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_unit_id_year_name_key" ON "projects" USING btree ("unit_id","year","name");--> statement-breakpoint
CREATE INDEX "projects_year_idx" ON "projects" USING btree ("year");--> statement-breakpoint
CREATE UNIQUE INDEX "units_key_key" ON "units" USING btree ("key");