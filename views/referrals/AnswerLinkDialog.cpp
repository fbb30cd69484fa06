#include "views/referrals/AnswerLinkDialog.h"

#include "views/ClipboardGuard.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace htmse {

using namespace Qt::StringLiterals;

AnswerLinkDialog::AnswerLinkDialog(const QUrl& url, const QDateTime& expires, ClipboardGuard* guard, QWidget* parent)
    : QDialog(parent)
    , m_url(url)
    , m_expires(expires)
    , m_guard(guard)
{
    setObjectName(u"answerLinkDialog"_s);
    setWindowTitle(tr("Answer link"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(
        tr("Give this link to the recipient with the letter. Whoever has it can see the referral as the letter "
           "shows it and answer it once, until %1. It is shown only now: copy it or print it into the letter "
           "before you close this window.")
            .arg(QLocale().toString(expires.toLocalTime(), QLocale::LongFormat)),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* label = new QLabel(tr("&Link:"), this);
    auto* field = new QLineEdit(url.toString(QUrl::FullyEncoded), this);
    field->setObjectName(u"answerLink"_s);
    field->setReadOnly(true);
    field->setAccessibleName(tr("Answer link"));
    label->setBuddy(field);
    layout->addWidget(label);
    layout->addWidget(field);
    m_copied = new QLabel(this);
    m_copied->setObjectName(u"copiedNote"_s);
    layout->addWidget(m_copied);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* copyButton = buttons->addButton(tr("&Copy link"), QDialogButtonBox::ActionRole);
    copyButton->setObjectName(u"copyAnswerLink"_s);
    QPushButton* printButton = buttons->addButton(tr("&Print letter with link…"), QDialogButtonBox::ActionRole);
    printButton->setObjectName(u"printWithAnswerLink"_s);
    layout->addWidget(buttons);
    connect(copyButton, &QPushButton::clicked, this, &AnswerLinkDialog::copy);
    connect(printButton, &QPushButton::clicked, this, [this] { emit printRequested(m_url, m_expires); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void AnswerLinkDialog::copy()
{
    const QString text = m_url.toString(QUrl::FullyEncoded);
    if (m_guard)
        m_guard->guard(text);
    QGuiApplication::clipboard()->setText(text);
    const int seconds = m_guard ? m_guard->clearSeconds() : 0;
    m_copied->setText(seconds > 0 ? tr("Copied. It leaves the clipboard in %n second(s), and when the profile locks.",
                                       nullptr, seconds)
                                  : tr("Copied."));
}

} // namespace htmse
