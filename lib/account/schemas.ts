import { z } from "zod";

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1).max(256),
    newPassword: z.string().min(10, "passwordTooShort|10").max(256),
    confirmPassword: z.string().min(1).max(256),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "passwordsDiffer" });

export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;
