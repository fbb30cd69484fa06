// QrCode: a QR code's module matrix (libqrencode, byte mode, error correction level M) for a
// short text such as a one-time answer link, and the matrix as a PBM image (with the four-module
// quiet zone the standard asks for) that a letter embeds as a data: URL — no Qt Gui needed here.
#pragma once

#include <QByteArray>

#include <optional>

namespace htmse {

class QrCode
{
public:
    // nullopt when the text is empty, holds a NUL, or is too long for any QR code.
    static std::optional<QrCode> encode(const QByteArray& text);

    int version() const { return m_version; }
    int size() const { return m_size; } // modules per side
    bool dark(int x, int y) const { return m_modules.at(qsizetype(y) * m_size + x) != 0; }
    // Rows of '1' (dark) and '0', top to bottom, joined by '\n'.
    QByteArray rows() const;
    // A binary PBM ("P4", rows of bits, most significant first, 1 black): `scale` pixels per
    // module, four modules of quiet zone around.
    QByteArray toPbm(int scale) const;

private:
    int m_version = 0;
    int m_size = 0;
    QByteArray m_modules; // size × size, 1 dark, 0 light
};

} // namespace htmse
