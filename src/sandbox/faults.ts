/**
 * Per-request fault decisions for one API, drawn from a seeded generator.
 *
 * @module
 */

import { NO_FAULTS, type NormalizedFaultSettings } from "./fault_settings.ts";
import { createRandom, type Random } from "./prng.ts";

/** Kind of fault the sandbox injects into a request. */
export type FaultKind =
  | "error"
  | "failFirst"
  | "rateLimit"
  | "drop"
  | "hang"
  | "loseResponse"
  | "errorBody";

/** Every fault kind counted in stats, the blacklist rejection included. */
export const FAULT_KINDS = [
  "error",
  "failFirst",
  "rateLimit",
  "drop",
  "hang",
  "loseResponse",
  "errorBody",
  "blacklist",
] as const;

/** The faults chosen for one request. */
export interface FaultDecision {
  /** Fault to inject, or `undefined` for a normal response. */
  readonly kind: FaultKind | undefined;
  /** Delay before responding, in milliseconds. */
  readonly delayMs: number;
}

/** Rate settings in the order their shares are laid out on `[0, 1)`. */
const RATE_ORDER: ReadonlyArray<
  readonly [keyof NormalizedFaultSettings, FaultKind]
> = [
  ["dropRate", "drop"],
  ["hangRate", "hang"],
  ["errorRate", "error"],
  ["rateLimitRate", "rateLimit"],
  ["loseResponseRate", "loseResponse"],
  ["errorBodyRate", "errorBody"],
];

/**
 * Decides, request by request, which fault one API injects. Each request
 * takes two draws from the generator (one for the fault, one for the
 * jitter), so a seed always gives the same sequence.
 */
export class FaultInjector {
  #settings: NormalizedFaultSettings = NO_FAULTS;
  #random: Random;
  #seed: number;
  #requestsSinceSet = 0;

  /** Creates an injector with no faults. */
  constructor(seed: number) {
    this.#seed = seed;
    this.#random = createRandom(seed);
  }

  /** The settings in force. */
  get settings(): NormalizedFaultSettings {
    return this.#settings;
  }

  /** Replaces the settings and restarts the `failFirst` count. */
  set(settings: NormalizedFaultSettings): void {
    this.#settings = settings;
    this.#requestsSinceSet = 0;
  }

  /** Clears the settings and restarts the generator from its seed. */
  reset(): void {
    this.set(NO_FAULTS);
    this.#random = createRandom(this.#seed);
  }

  /** Chooses the fault and the delay of the next request. */
  decide(): FaultDecision {
    const settings = this.#settings;
    this.#requestsSinceSet += 1;
    const draw = this.#random();
    const jitterDraw = this.#random();
    const jitter = (jitterDraw * 2 - 1) * settings.jitterMs;
    const delayMs = Math.max(0, settings.latencyMs + jitter);

    if (this.#requestsSinceSet <= settings.failFirst) {
      return { kind: "failFirst", delayMs };
    }

    return { kind: pickByShare(settings, draw), delayMs };
  }
}

function pickByShare(
  settings: NormalizedFaultSettings,
  draw: number,
): FaultKind | undefined {
  let upper = 0;

  for (const [name, kind] of RATE_ORDER) {
    upper += settings[name] as number;
    if (draw < upper) return kind;
  }

  return undefined;
}
