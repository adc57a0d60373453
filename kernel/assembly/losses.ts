// Placeholder: filled by its owner.
export const losses_ready: i32 = 0;
