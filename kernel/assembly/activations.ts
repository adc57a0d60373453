// Placeholder: filled by its owner.
export const activations_ready: i32 = 0;
