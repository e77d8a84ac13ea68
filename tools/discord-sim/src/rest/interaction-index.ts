import type { APIInteraction } from 'discord-api-types/v10';
import type { World } from '../world/world.js';

const TOKEN_LIFETIME_MS = 15 * 60 * 1000;

/**
 * The interactions the world emitted, by id, for as long as their tokens live (15 minutes): the
 * callback's `with_response` answer reports the interaction's type, channel and guild, which the
 * world's interface does not look up.
 */
export class InteractionIndex {
  readonly #byId = new Map<string, { interaction: APIInteraction; at: number }>();
  readonly #unsubscribe: () => void;

  constructor(world: World, now: () => number) {
    this.#unsubscribe = world.onDispatch((dispatch) => {
      if (dispatch.t !== 'INTERACTION_CREATE') return;
      const interaction = dispatch.d as APIInteraction;
      const at = now();
      this.#byId.set(interaction.id, { interaction, at });
      for (const [id, entry] of this.#byId) {
        if (at - entry.at < TOKEN_LIFETIME_MS) break;
        this.#byId.delete(id);
      }
    });
  }

  get(interactionId: string): APIInteraction | undefined {
    return this.#byId.get(interactionId)?.interaction;
  }

  close(): void {
    this.#unsubscribe();
  }
}
