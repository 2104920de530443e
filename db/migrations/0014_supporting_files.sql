CREATE TABLE "file_blobs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"size" bigint NOT NULL,
	"media_type" text NOT NULL,
	"content" "bytea",
	"thumbnail" "bytea",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supporting_files" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"indicator_id" integer,
	"parent_kind" text NOT NULL,
	"entry_id" bigint,
	"manual_value_id" bigint,
	"assessment_id" bigint,
	"monitoring_note_id" integer,
	"sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"caption" text,
	"author" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"carried_from_id" bigint,
	"removed_at" timestamp with time zone,
	"removed_by" text,
	"removed_reason" text,
	CONSTRAINT "supporting_files_one_parent" CHECK (num_nonnulls("supporting_files"."entry_id", "supporting_files"."manual_value_id", "supporting_files"."assessment_id", "supporting_files"."monitoring_note_id") = 1 and "supporting_files"."parent_kind" in ('entry', 'manual_value', 'assessment', 'monitoring_note'))
);
--> statement-breakpoint
ALTER TABLE "supporting_files" ADD CONSTRAINT "supporting_files_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supporting_files" ADD CONSTRAINT "supporting_files_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supporting_files" ADD CONSTRAINT "supporting_files_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supporting_files" ADD CONSTRAINT "supporting_files_manual_value_id_manual_values_id_fk" FOREIGN KEY ("manual_value_id") REFERENCES "public"."manual_values"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supporting_files" ADD CONSTRAINT "supporting_files_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supporting_files" ADD CONSTRAINT "supporting_files_monitoring_note_id_monitoring_notes_id_fk" FOREIGN KEY ("monitoring_note_id") REFERENCES "public"."monitoring_notes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supporting_files" ADD CONSTRAINT "supporting_files_sha256_file_blobs_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."file_blobs"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "supporting_files_current_key" ON "supporting_files" USING btree ("parent_kind",coalesce("entry_id", "manual_value_id", "assessment_id", "monitoring_note_id"),"sha256") WHERE "supporting_files"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "supporting_files_project_idx" ON "supporting_files" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "supporting_files_entry_idx" ON "supporting_files" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "supporting_files_manual_value_idx" ON "supporting_files" USING btree ("manual_value_id");--> statement-breakpoint
CREATE INDEX "supporting_files_assessment_idx" ON "supporting_files" USING btree ("assessment_id");--> statement-breakpoint
CREATE INDEX "supporting_files_monitoring_note_idx" ON "supporting_files" USING btree ("monitoring_note_id");--> statement-breakpoint
CREATE INDEX "supporting_files_sha256_idx" ON "supporting_files" USING btree ("sha256");