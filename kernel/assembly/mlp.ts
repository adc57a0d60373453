// Placeholder: filled by its owner.
export const mlp_ready: i32 = 0;
