#include "common/Files.h"
#include "export/PdfDocument.h"
#include "export/QrCode.h"
#include "export/ReferralLetter.h"
#include "views/Printing.h"

#include <QFile>
#include <QPrinter>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace htmse;
using namespace Qt::StringLiterals;

namespace {
Referral sampleReferral()
{
    ReferralEvent created;
    created.id = QUuid::createUuid();
    created.referralId = QUuid::createUuid();
    created.type = ReferralEventType::Created;
    created.deviceId = u"d"_s;
    created.clientTime = QDateTime(QDate(2026, 11, 30), QTime(10, 0), Qt::UTC);
    ReferralDetails d;
    d.caseRef = u"HT-2026-0142"_s;
    d.kind = u"victim-support"_s;
    d.needs = {u"legal.immigration"_s, u"mental-health.trauma"_s};
    d.languages = {u"tir"_s};
    d.interpreter = true;
    d.location = ReferralLocation{u"Leeds"_s, u"GB"_s, std::nullopt};
    d.ageBand = u"18-24"_s;
    d.gender = u"female"_s;
    d.urgency = u"urgent"_s;
    d.recipientId = QUuid::createUuid();
    d.consent = Consent{true, u"legal and medical referral"_s, QDate(2026, 11, 29), u"amina"_s, false, false, {}, {}};
    d.statutory = StatutoryRoute{u"nrm"_s, u"SCA-99871"_s, {}, {}};
    d.note = u"Sleeps at the Station Road hostel"_s;
    created.payload = d.toJson();
    return Referral::fold({created});
}
} // namespace

class TestReferralLetter : public QObject
{
    Q_OBJECT

private slots:
    void letterSaysWhatIsNeededAndNoMore();
    void letterPrints();
    void letterCarriesTheAnswerLink();
};

void TestReferralLetter::letterSaysWhatIsNeededAndNoMore()
{
    const QString pdftotext = QStandardPaths::findExecutable(u"pdftotext"_s);
    QVERIFY2(!pdftotext.isEmpty(), "scripts/bootstrap installs poppler-utils");
    const Referral r = sampleReferral();
    QCOMPARE(r.status, ReferralStatus::Created);
    const QString html = ReferralLetter::html(r, {u"Amina Yusuf"_s,
                                                  u"Kestrel House"_s,
                                                  u"Reply through HTMSE or call +44 113 496 0000"_s,
                                                  u"Dr Selam Tesfaye"_s,
                                                  {},
                                                  {}});
    QTemporaryDir dir;
    const QString pdf = dir.filePath(u"letter.pdf"_s);
    QString error;
    QVERIFY2(PdfDocument::write(html, u"Referral HT-2026-0142"_s, pdf, &error), qPrintable(error));
    QVERIFY(test::readAll(pdf).startsWith("%PDF"));
    QProcess p;
    p.start(pdftotext, {pdf, u"-"_s});
    QVERIFY(p.waitForFinished(30'000));
    const QString text = QString::fromUtf8(p.readAllStandardOutput()).simplified();
    for (const QString& expected :
         {u"HT-2026-0142"_s, u"Dr Selam Tesfaye"_s, u"Amina Yusuf, Kestrel House"_s, u"Immigration and asylum"_s,
          u"Tigrinya"_s, u"an interpreter is needed"_s, u"consented"_s, u"Reply through HTMSE"_s, u"Leeds"_s})
        QVERIFY2(text.contains(expected), qPrintable(expected + u" missing from: "_s + text));
    // No more than the recipient needs: no free-text note, no statutory reference, no age band.
    for (const QString& absent : {u"Station Road"_s, u"SCA-99871"_s, u"18 to 24"_s, u"18-24"_s, u"Female"_s})
        QVERIFY2(!text.contains(absent), qPrintable(absent));
    // An unwritable path fails cleanly, leaving nothing.
    QVERIFY(!PdfDocument::write(html, u"x"_s, dir.filePath(u"missing/letter.pdf"_s), &error));
    QVERIFY(!error.isEmpty());
}

// Printing goes through QPrinter; here it prints to a PDF file so the output can be read back.
void TestReferralLetter::letterPrints()
{
    const QString pdftotext = QStandardPaths::findExecutable(u"pdftotext"_s);
    QVERIFY(!pdftotext.isEmpty());
    QTemporaryDir dir;
    QPrinter printer(QPrinter::HighResolution);
    printer.setOutputFormat(QPrinter::PdfFormat);
    printer.setOutputFileName(dir.filePath(u"printed.pdf"_s));
    const QString html =
        ReferralLetter::html(sampleReferral(), {u"Amina Yusuf"_s, {}, u"Reply through HTMSE"_s, u"Dr T"_s, {}, {}});
    QVERIFY(Printing::print(html, &printer));
    QProcess p;
    p.start(pdftotext, {dir.filePath(u"printed.pdf"_s), u"-"_s});
    QVERIFY(p.waitForFinished(30'000));
    QVERIFY(p.readAllStandardOutput().contains("HT-2026-0142"));
    QVERIFY(!Printing::print(html, nullptr));
}

// A one-time answer link for a recipient outside the directory is printed as text with its end.
void TestReferralLetter::letterCarriesTheAnswerLink()
{
    const QString pdftotext = QStandardPaths::findExecutable(u"pdftotext"_s);
    QVERIFY(!pdftotext.isEmpty());
    LetterContext context{u"Amina Yusuf"_s, {}, u"Reply through HTMSE"_s, u"Haven Shelter"_s, {}, {}};
    const QString plain = ReferralLetter::html(sampleReferral(), context);
    QVERIFY(!plain.contains(u"Answer online"_s));
    context.answerUrl = QUrl(u"https://htmse.example.org/answer/48iJSuTgO-V6FFQCN17o17_Jipt83vp1PjyrjCZW-lY"_s);
    context.answerExpires = QDateTime(QDate(2026, 12, 17), QTime(12, 0), Qt::UTC);
    QTemporaryDir dir;
    const QString pdf = dir.filePath(u"linked.pdf"_s);
    QString error;
    QVERIFY2(PdfDocument::write(ReferralLetter::html(sampleReferral(), context), u"Referral"_s, pdf, &error),
             qPrintable(error));
    QProcess p;
    p.start(pdftotext, {pdf, u"-"_s});
    QVERIFY(p.waitForFinished(30'000));
    const QString text = QString::fromUtf8(p.readAllStandardOutput()).simplified();
    QVERIFY2(text.contains(context.answerUrl.toString()), qPrintable(text));
    QVERIFY2(text.contains(u"Answer online, once, without an account"_s), qPrintable(text));
    QVERIFY2(text.contains(QLocale().toString(QDate(2026, 12, 17), QLocale::LongFormat)), qPrintable(text));
    // The QR code is the letter's one image (pdfimages lists it), of the PBM's size in pixels.
    const QString pdfimages = QStandardPaths::findExecutable(u"pdfimages"_s);
    QVERIFY2(!pdfimages.isEmpty(), "scripts/bootstrap installs poppler-utils");
    QProcess images;
    images.start(pdfimages, {u"-list"_s, pdf});
    QVERIFY(images.waitForFinished(30'000));
    const QByteArray listing = images.readAllStandardOutput().trimmed();
    const QList<QByteArray> listed = listing.split('\n');
    QVERIFY2(listed.size() == 3, listing.constData()); // two header lines, one image
    const auto qr = QrCode::encode(context.answerUrl.toString().toUtf8());
    QVERIFY(qr);
    const QList<QByteArray> columns = listed.last().simplified().split(' ');
    QCOMPARE(columns.at(3).toInt(), (qr->size() + 8) * 4); // width
    QCOMPARE(columns.at(4).toInt(), (qr->size() + 8) * 4); // height
    // Without a link, no image.
    QVERIFY(PdfDocument::write(plain, u"Referral"_s, dir.filePath(u"plain.pdf"_s), &error));
    QProcess none;
    none.start(pdfimages, {u"-list"_s, dir.filePath(u"plain.pdf"_s)});
    QVERIFY(none.waitForFinished(30'000));
    QCOMPARE(none.readAllStandardOutput().trimmed().split('\n').size(), 2);
    if (const QString keep = qEnvironmentVariable("HTMSE_LETTER_PDF"); !keep.isEmpty())
        QFile::copy(pdf, keep);
}

QTEST_MAIN(TestReferralLetter)
#include "TestReferralLetter.moc"
