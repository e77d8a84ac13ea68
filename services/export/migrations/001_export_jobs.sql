-- Export jobs as every replica sees them. The work queue (JetStream) decides who runs a job; this table
-- says where it stands. A job is written once when it is asked for, then only by the worker running it.

CREATE TABLE jobs (
  id uuid PRIMARY KEY,
  guild_id text NOT NULL,
  -- The validated export options, as parseExportOptions gives them.
  options jsonb NOT NULL,
  -- Who asked: the HTTP API, or an interaction (whose token is needed to edit its reply).
  requester jsonb NOT NULL,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  progress real NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
  messages bigint NOT NULL DEFAULT 0,
  -- [{ "name": "relative/path.html", "bytes": 1234 }] once done.
  files jsonb NOT NULL DEFAULT '[]',
  error text,
  attempts integer NOT NULL DEFAULT 0,
  -- The replica running it now (or last), for operators.
  worker text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX jobs_guild_created ON jobs (guild_id, created_at DESC);
