CREATE TABLE "import_drafts" (
	"id" serial PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"year" integer NOT NULL,
	"reading" jsonb NOT NULL,
	"fixes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"batch_id" integer,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitoring_notes" (
	"id" serial PRIMARY KEY NOT NULL,
	"indicator_id" integer NOT NULL,
	"as_of" date NOT NULL,
	"likelihood" text NOT NULL,
	"reasons" text[] DEFAULT '{}'::text[] NOT NULL,
	"reason_text" text,
	"measures" text,
	"forecast" numeric,
	"author" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "import_drafts" ADD CONSTRAINT "import_drafts_batch_id_import_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."import_batches"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_notes" ADD CONSTRAINT "monitoring_notes_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_drafts_status_idx" ON "import_drafts" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "monitoring_notes_indicator_idx" ON "monitoring_notes" USING btree ("indicator_id","created_at");