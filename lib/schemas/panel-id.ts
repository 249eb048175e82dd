/** A timeline panel's id: `flows`, `flows-2`, `metric-conntrack`: the type, then an optional suffix. */
export const PANEL_ID_RE = /^(flows|packets|dns|metric)(-[a-z0-9]{1,12})?$/;
