-- Books can come from an S3-compatible bucket as well as the picked folder.
ALTER TABLE books ADD COLUMN source TEXT NOT NULL DEFAULT 'local' CHECK (source IN ('local', 's3'));
ALTER TABLE books ADD COLUMN s3_bucket TEXT;
ALTER TABLE books ADD COLUMN s3_etag TEXT;
