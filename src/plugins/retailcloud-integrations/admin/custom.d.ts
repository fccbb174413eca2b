// Type declarations for admin-only modules without their own types go here (the design system ships its own).
