/** What the traffic engine did since it was created; `skipped` counts actions the world refused or found nothing to act on. */
export interface TrafficStats {
  messages: number;
  replies: number;
  reactions: number;
  voiceJoins: number;
  voiceMoves: number;
  voiceToggles: number;
  voiceLeaves: number;
  memberJoins: number;
  memberLeaves: number;
  commands: number;
  componentUses: number;
  modalSubmits: number;
  /** Structure changes (`updatesPerSecond`), by what changed. */
  presenceUpdates: number;
  memberUpdates: number;
  /** Topics edited, channels created and deleted. */
  channelUpdates: number;
  /** Threads opened, archived and deleted. */
  threadUpdates: number;
  roleUpdates: number;
  guildUpdates: number;
  skipped: number;
}

export function emptyStats(): TrafficStats {
  return {
    messages: 0,
    replies: 0,
    reactions: 0,
    voiceJoins: 0,
    voiceMoves: 0,
    voiceToggles: 0,
    voiceLeaves: 0,
    memberJoins: 0,
    memberLeaves: 0,
    commands: 0,
    componentUses: 0,
    modalSubmits: 0,
    presenceUpdates: 0,
    memberUpdates: 0,
    channelUpdates: 0,
    threadUpdates: 0,
    roleUpdates: 0,
    guildUpdates: 0,
    skipped: 0,
  };
}
