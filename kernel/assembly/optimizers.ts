// Placeholder: filled by its owner.
export const optimizers_ready: i32 = 0;
