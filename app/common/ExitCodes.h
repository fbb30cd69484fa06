// Exit codes of htmse-cli and htmse-server (DESIGN.md §10): a contract for scripts.
#pragma once

namespace htmse::exitcode {
inline constexpr int kOk = 0;
inline constexpr int kUsage = 1;       // bad arguments, or a verb this build does not offer yet
inline constexpr int kCredentials = 2; // wrong passphrase or credentials
inline constexpr int kNotFound = 3;
inline constexpr int kInvalidInput = 4;  // invalid input or refused transition
inline constexpr int kNetwork = 5;       // network, server or I/O failure
inline constexpr int kProfileLocked = 6; // profile locked by another process
} // namespace htmse::exitcode
