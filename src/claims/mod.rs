//! Shared claims, quotes and numeric facts across the loaded articles. No terminal code here.
