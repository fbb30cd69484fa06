// SecretInput: one secret line (a passphrase, a password) from a file descriptor, read with
// read(2) a byte at a time straight into guarded memory: no stdio buffer keeps a copy, and the
// rest of the input stays for the next secret. On a terminal the prompt is shown and echo is off.
#pragma once

#include "core/SecureBytes.h"

#include <QByteArray>

#include <cstdio>
#include <optional>

namespace htmse {

// Nullopt at the end of the input with nothing read. At most `maxBytes` are kept (the rest of an
// over-long line is read and dropped); a trailing CR is dropped.
std::optional<SecureBytes> readSecretLine(int fd, const QByteArray& prompt, std::FILE* promptTo,
                                          std::size_t maxBytes = 1024);

} // namespace htmse
