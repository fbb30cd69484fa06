#include "export/QrCode.h"

#include <qrencode.h>

#include <memory>

namespace htmse {

std::optional<QrCode> QrCode::encode(const QByteArray& text)
{
    if (text.isEmpty() || text.contains('\0'))
        return std::nullopt;
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString8bit(text.constData(), 0, QR_ECLEVEL_M), &QRcode_free);
    if (!code)
        return std::nullopt;
    QrCode out;
    out.m_version = code->version;
    out.m_size = code->width;
    out.m_modules.resize(qsizetype(code->width) * code->width);
    // libqrencode's least significant bit of each byte says whether the module is dark.
    for (qsizetype i = 0; i < out.m_modules.size(); ++i)
        out.m_modules[i] = char(code->data[i] & 1);
    return out;
}

QByteArray QrCode::rows() const
{
    QByteArray out;
    out.reserve(qsizetype(m_size) * (m_size + 1));
    for (int y = 0; y < m_size; ++y) {
        if (y)
            out += '\n';
        for (int x = 0; x < m_size; ++x)
            out += dark(x, y) ? '1' : '0';
    }
    return out;
}

QByteArray QrCode::toPbm(int scale) const
{
    constexpr int kQuiet = 4;
    scale = std::max(1, scale);
    const int side = (m_size + 2 * kQuiet) * scale;
    const int rowBytes = (side + 7) / 8;
    QByteArray out;
    out.reserve(32 + qsizetype(rowBytes) * side);
    out.append("P4\n").append(QByteArray::number(side)).append(' ').append(QByteArray::number(side)).append('\n');
    for (int py = 0; py < side; ++py) {
        const int y = py / scale - kQuiet;
        QByteArray row(rowBytes, '\0');
        for (int px = 0; px < side; ++px) {
            const int x = px / scale - kQuiet;
            if (x >= 0 && y >= 0 && x < m_size && y < m_size && dark(x, y))
                row[px / 8] = char(row[px / 8] | (0x80 >> (px % 8))); // PBM: 1 is black, MSB first
        }
        out.append(row);
    }
    return out;
}

} // namespace htmse
