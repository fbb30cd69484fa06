// QrCode: the module matrix is libqrencode's own (byte mode, level M) read the right way round,
// with the structure every QR code has (finder and timing patterns), and the PBM a letter embeds
// puts each module where it belongs inside the quiet zone.
#include "export/QrCode.h"

#include <QTest>
#include <qrencode.h>

using namespace htmse;
using namespace Qt::StringLiterals;

namespace {

// The matrix straight from libqrencode, as rows of '1' and '0'.
QByteArray libqrencodeRows(const QByteArray& text)
{
    QRcode* code = QRcode_encodeString8bit(text.constData(), 0, QR_ECLEVEL_M);
    if (!code)
        return {};
    QByteArray out;
    for (int y = 0; y < code->width; ++y) {
        if (y)
            out += '\n';
        for (int x = 0; x < code->width; ++x)
            out += (code->data[y * code->width + x] & 1) ? '1' : '0';
    }
    QRcode_free(code);
    return out;
}

// A finder pattern's 7×7 square with its top left at (x, y): a dark ring, a light ring and a
// dark 3×3 centre.
bool finderAt(const QrCode& qr, int x, int y)
{
    for (int dy = 0; dy < 7; ++dy)
        for (int dx = 0; dx < 7; ++dx) {
            const int ring = std::min({dx, dy, 6 - dx, 6 - dy});
            if (qr.dark(x + dx, y + dy) != (ring != 1))
                return false;
        }
    return true;
}

} // namespace

class TestQrCode : public QObject
{
    Q_OBJECT

private slots:
    void matrixIsLibqrencodes_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("version");
        QTest::newRow("short") << "HTMSE"_ba << 1;
        QTest::newRow("answer link")
            << "https://htmse.example.org/answer/48iJSuTgO-V6FFQCN17o17_Jipt83vp1PjyrjCZW-lY"_ba << 5;
    }

    void matrixIsLibqrencodes()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, version);
        const auto qr = QrCode::encode(text);
        QVERIFY(qr);
        QCOMPARE(qr->version(), version);
        QCOMPARE(qr->size(), 17 + 4 * version);
        QCOMPARE(qr->rows(), libqrencodeRows(text));
        // Finder patterns in three corners, timing patterns between them.
        QVERIFY(finderAt(*qr, 0, 0));
        QVERIFY(finderAt(*qr, qr->size() - 7, 0));
        QVERIFY(finderAt(*qr, 0, qr->size() - 7));
        for (int i = 8; i < qr->size() - 8; ++i) {
            QCOMPARE(qr->dark(i, 6), i % 2 == 0);
            QCOMPARE(qr->dark(6, i), i % 2 == 0);
        }
    }

    void pbmPlacesEveryModule()
    {
        const auto qr = QrCode::encode("HTMSE"_ba);
        QVERIFY(qr);
        const int scale = 3;
        const int side = (qr->size() + 8) * scale;
        const int rowBytes = (side + 7) / 8;
        const QByteArray pbm = qr->toPbm(scale);
        const QByteArray header = "P4\n" + QByteArray::number(side) + ' ' + QByteArray::number(side) + '\n';
        QVERIFY(pbm.startsWith(header));
        const QByteArray bits = pbm.mid(header.size());
        QCOMPARE(bits.size(), qsizetype(rowBytes) * side);
        for (int py = 0; py < side; ++py)
            for (int px = 0; px < side; ++px) {
                const int x = px / scale - 4;
                const int y = py / scale - 4;
                const bool inside = x >= 0 && y >= 0 && x < qr->size() && y < qr->size();
                const bool black = (static_cast<unsigned char>(bits.at(py * rowBytes + px / 8)) >> (7 - px % 8)) & 1;
                QCOMPARE(black, inside && qr->dark(x, y));
            }
    }

    void refusesWhatCannotBeEncoded()
    {
        QVERIFY(!QrCode::encode({}));
        QVERIFY(!QrCode::encode(QByteArray("a\0b", 3)));
        QVERIFY(!QrCode::encode(QByteArray(5000, 'x'))); // over version 40's capacity at level M
    }
};

QTEST_GUILESS_MAIN(TestQrCode)
#include "TestQrCode.moc"
