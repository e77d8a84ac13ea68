-- The statistics store. Ids are Discord snowflakes as bigint; times are timestamptz in UTC hour,
-- day and month buckets (date_trunc with an explicit 'UTC', never the session's zone).
--
-- Raw events (messages, message_edits, reactions, voice_states) are partitioned by day on their own
-- time, keyed by the event's identity so that a redelivery inserts nothing, and dropped past
-- RAW_RETENTION. The writer creates partitions when it meets a day and a maintenance step creates
-- them ahead (storage/raw-partitions.ts). Rollups are incremented only by raw rows that were actually
-- inserted, in the same transaction; queries read rollups only.

CREATE FUNCTION ms_ts(ms bigint) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN timestamptz 'epoch' + ms * interval '1 millisecond';

CREATE FUNCTION ts_ms(t timestamptz) RETURNS bigint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN (extract(epoch FROM t) * 1000)::bigint;

-- ── settings ────────────────────────────────────────────────────────────────

CREATE TABLE guild_settings (
  guild_id bigint PRIMARY KEY,
  time_zone text NOT NULL DEFAULT 'UTC',
  excluded_channel_ids bigint[] NOT NULL DEFAULT '{}',
  store_content boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Users who asked not to be counted in a guild; their rows are deleted when they opt out.
CREATE TABLE opt_outs (
  guild_id bigint NOT NULL,
  user_id bigint NOT NULL,
  opted_out_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (guild_id, user_id)
);

-- ── what the gateway told about guilds and members ──────────────────────────

-- afk_at and member_count_at are the event times of the facts, so a late event never overwrites a newer one.
CREATE TABLE guilds (
  guild_id bigint PRIMARY KEY,
  afk_channel_id bigint,
  afk_at timestamptz NOT NULL DEFAULT '-infinity',
  member_count integer NOT NULL DEFAULT 0,
  member_count_at timestamptz NOT NULL DEFAULT '-infinity'
);

-- Accounts seen with the bot flag: reactions to their messages are not counted as received.
CREATE TABLE bots (user_id bigint PRIMARY KEY);

-- Members (bots excluded) and their last counted activity, for /inactive. present_at is the event time
-- of the join, leave or snapshot that set present ('-infinity' for a user known only from activity).
CREATE TABLE members (
  guild_id bigint NOT NULL,
  user_id bigint NOT NULL,
  present boolean NOT NULL,
  present_at timestamptz NOT NULL,
  last_active_at timestamptz,
  PRIMARY KEY (guild_id, user_id)
);
CREATE INDEX members_inactive ON members (guild_id, last_active_at ASC NULLS FIRST, user_id) WHERE present;

-- One row per join and per leave, kept for growth and retention (small beside messages, so not partitioned).
CREATE TABLE member_joins (
  guild_id bigint NOT NULL,
  joined_at timestamptz NOT NULL,
  user_id bigint NOT NULL,
  is_bot boolean NOT NULL,
  PRIMARY KEY (guild_id, joined_at, user_id)
);
CREATE INDEX member_joins_user ON member_joins (guild_id, user_id);

CREATE TABLE member_leaves (
  guild_id bigint NOT NULL,
  user_id bigint NOT NULL,
  left_at timestamptz NOT NULL,
  is_bot boolean NOT NULL,
  PRIMARY KEY (guild_id, user_id, left_at)
);

-- ── raw events, partitioned by day ──────────────────────────────────────────

-- A message, or a stub (author_id null) for a deletion seen before its creation; created_at comes
-- from the snowflake, so a deletion finds the row (and its partition) from the id alone.
CREATE TABLE messages (
  created_at timestamptz NOT NULL,
  message_id bigint NOT NULL,
  guild_id bigint NOT NULL,
  channel_id bigint NOT NULL,
  author_id bigint,
  attachments smallint,
  embeds smallint,
  stickers smallint,
  mentions smallint,
  deleted_at timestamptz,
  -- Only when the guild's settings store content.
  content text,
  PRIMARY KEY (message_id, created_at)
) PARTITION BY RANGE (created_at);
CREATE INDEX messages_author ON messages (guild_id, author_id);

-- One row per version of a message (its edited_timestamp).
CREATE TABLE message_edits (
  edited_at timestamptz NOT NULL,
  message_id bigint NOT NULL,
  guild_id bigint NOT NULL,
  channel_id bigint NOT NULL,
  author_id bigint NOT NULL,
  PRIMARY KEY (message_id, edited_at)
) PARTITION BY RANGE (edited_at);
CREATE INDEX message_edits_author ON message_edits (guild_id, author_id);

-- One row per reaction added (removals are not subtracted); `at` is when the gateway received it.
CREATE TABLE reactions (
  at timestamptz NOT NULL,
  message_id bigint NOT NULL,
  user_id bigint NOT NULL,
  emoji text NOT NULL,
  guild_id bigint NOT NULL,
  channel_id bigint NOT NULL,
  PRIMARY KEY (message_id, user_id, emoji, at)
) PARTITION BY RANGE (at);
CREATE INDEX reactions_user ON reactions (guild_id, user_id);

-- Each user's voice timeline: one row per observed state (join, move, toggle, leave, a GUILD_CREATE
-- snapshot, a capped session's synthetic leave). The stretch from one row to the next is voice time
-- when the row is `counted` (in a channel that is neither the AFK channel nor excluded). `ord` orders
-- rows of the same millisecond (the gateway sequence; -1 for a synthetic leave).
CREATE TABLE voice_states (
  guild_id bigint NOT NULL,
  user_id bigint NOT NULL,
  at timestamptz NOT NULL,
  ord bigint NOT NULL,
  channel_id bigint,
  counted boolean NOT NULL,
  muted boolean NOT NULL,
  deafened boolean NOT NULL,
  streaming boolean NOT NULL,
  video boolean NOT NULL,
  PRIMARY KEY (guild_id, user_id, at, ord)
) PARTITION BY RANGE (at);

-- The latest row of each user's voice timeline: the open sessions (channel_id not null), which
-- survive a restart, are checked against GUILD_CREATE's voice states and closed at VOICE_SESSION_CAP.
CREATE TABLE voice_current (
  guild_id bigint NOT NULL,
  user_id bigint NOT NULL,
  at timestamptz NOT NULL,
  ord bigint NOT NULL,
  channel_id bigint,
  PRIMARY KEY (guild_id, user_id)
);
CREATE INDEX voice_current_open ON voice_current (at) WHERE channel_id IS NOT NULL;

-- ── rollups ─────────────────────────────────────────────────────────────────
-- Voice times are milliseconds, so the signed corrections of a late voice event cancel exactly.

-- The base rollup: everything per hour, channel and user.
CREATE TABLE activity_hourly (
  guild_id bigint NOT NULL,
  user_id bigint NOT NULL,
  hour timestamptz NOT NULL,
  channel_id bigint NOT NULL,
  messages integer NOT NULL DEFAULT 0,
  edits integer NOT NULL DEFAULT 0,
  deletions integer NOT NULL DEFAULT 0,
  attachments integer NOT NULL DEFAULT 0,
  embeds integer NOT NULL DEFAULT 0,
  stickers integer NOT NULL DEFAULT 0,
  mentions integer NOT NULL DEFAULT 0,
  reactions_given integer NOT NULL DEFAULT 0,
  reactions_received integer NOT NULL DEFAULT 0,
  voice_ms bigint NOT NULL DEFAULT 0,
  stream_ms bigint NOT NULL DEFAULT 0,
  video_ms bigint NOT NULL DEFAULT 0,
  mute_ms bigint NOT NULL DEFAULT 0,
  deaf_ms bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (guild_id, user_id, hour, channel_id)
);

-- Per user per period: 'h' hour, 'd' UTC day, 'm' UTC month. A window is answered from whole months,
-- then whole days, then hours at its edges (storage/rollup-cover.ts), so a 30-day leaderboard reads
-- about 30 rows per active user rather than 720.
CREATE TABLE user_periods (
  guild_id bigint NOT NULL,
  period "char" NOT NULL,
  start timestamptz NOT NULL,
  user_id bigint NOT NULL,
  messages integer NOT NULL DEFAULT 0,
  edits integer NOT NULL DEFAULT 0,
  deletions integer NOT NULL DEFAULT 0,
  attachments integer NOT NULL DEFAULT 0,
  reactions_given integer NOT NULL DEFAULT 0,
  reactions_received integer NOT NULL DEFAULT 0,
  voice_ms bigint NOT NULL DEFAULT 0,
  stream_ms bigint NOT NULL DEFAULT 0,
  video_ms bigint NOT NULL DEFAULT 0,
  mute_ms bigint NOT NULL DEFAULT 0,
  deaf_ms bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (guild_id, period, start, user_id)
);
CREATE INDEX user_periods_user ON user_periods (guild_id, user_id, period, start);

-- All-time totals per user, with one index per leaderboard so an all-time board and a rank are index scans.
CREATE TABLE user_totals (
  guild_id bigint NOT NULL,
  user_id bigint NOT NULL,
  messages integer NOT NULL DEFAULT 0,
  edits integer NOT NULL DEFAULT 0,
  deletions integer NOT NULL DEFAULT 0,
  attachments integer NOT NULL DEFAULT 0,
  reactions_given integer NOT NULL DEFAULT 0,
  reactions_received integer NOT NULL DEFAULT 0,
  voice_ms bigint NOT NULL DEFAULT 0,
  stream_ms bigint NOT NULL DEFAULT 0,
  video_ms bigint NOT NULL DEFAULT 0,
  mute_ms bigint NOT NULL DEFAULT 0,
  deaf_ms bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (guild_id, user_id)
);
CREATE INDEX user_totals_messages ON user_totals (guild_id, messages DESC, user_id);
CREATE INDEX user_totals_voice ON user_totals (guild_id, voice_ms DESC, user_id);
CREATE INDEX user_totals_reactions ON user_totals (guild_id, reactions_given DESC, user_id);

-- Per channel (threads are channels) per period, 'a' being all time (start 'epoch').
CREATE TABLE channel_periods (
  guild_id bigint NOT NULL,
  period "char" NOT NULL,
  start timestamptz NOT NULL,
  channel_id bigint NOT NULL,
  messages integer NOT NULL DEFAULT 0,
  reactions integer NOT NULL DEFAULT 0,
  voice_ms bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (guild_id, period, start, channel_id)
);

-- Per guild per period: server totals, and (from the 'h' rows) heatmaps and timelines in any zone.
CREATE TABLE guild_periods (
  guild_id bigint NOT NULL,
  period "char" NOT NULL,
  start timestamptz NOT NULL,
  messages integer NOT NULL DEFAULT 0,
  edits integer NOT NULL DEFAULT 0,
  deletions integer NOT NULL DEFAULT 0,
  attachments integer NOT NULL DEFAULT 0,
  reactions integer NOT NULL DEFAULT 0,
  voice_ms bigint NOT NULL DEFAULT 0,
  joins integer NOT NULL DEFAULT 0,
  leaves integer NOT NULL DEFAULT 0,
  PRIMARY KEY (guild_id, period, start)
);

-- Reactions per emoji ('name:id' for a custom emoji) per period.
CREATE TABLE emoji_periods (
  guild_id bigint NOT NULL,
  period "char" NOT NULL,
  start timestamptz NOT NULL,
  emoji text NOT NULL,
  count integer NOT NULL DEFAULT 0,
  PRIMARY KEY (guild_id, period, start, emoji)
);
