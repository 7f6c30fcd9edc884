/** The time, injected so that day buckets, retention and salt rotation are tested without waiting. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
