// Placeholder: filled by its owner.
export const int8_ready: i32 = 0;
