-- Rollup rows are updated by every batch that touches their key. Room left in each page lets Postgres
-- update them in place (HOT: no new index entries, dead versions pruned within the page), and vacuum
-- comes sooner than the default 20% of dead rows. user_totals has indexes on its counts, so its updates
-- are never HOT; only vacuum is tuned there.
ALTER TABLE activity_hourly SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02);
ALTER TABLE user_periods SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02);
ALTER TABLE channel_periods SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02);
ALTER TABLE guild_periods SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.02);
ALTER TABLE emoji_periods SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02);
ALTER TABLE voice_current SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02);
ALTER TABLE guilds SET (fillfactor = 50);
ALTER TABLE user_totals SET (autovacuum_vacuum_scale_factor = 0.02);
ALTER TABLE members SET (autovacuum_vacuum_scale_factor = 0.02);

-- user_periods keeps days and months only: the hours at a window's edges are read from activity_hourly,
-- which has every per-user count per hour already (by channel). That saves a row per active member and
-- hour, the most numerous rollup row, at the price of this index.
DELETE FROM user_periods WHERE period = 'h';
CREATE INDEX activity_hourly_hour ON activity_hourly (guild_id, hour);
