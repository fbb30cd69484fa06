#include "views/referrals/ReferralEventDialog.h"

#include "core/JsonReader.h"
#include "views/referrals/ReferralTexts.h"
#include "views/referrals/ReferralWizardWidgets.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace htmse {

using namespace referralui;
using namespace Qt::StringLiterals;
using E = ReferralEventType;

namespace {
QPlainTextEdit* textEdit(const QString& objectName, QWidget* parent)
{
    auto* edit = new QPlainTextEdit(parent);
    edit->setObjectName(objectName);
    edit->setTabChangesFocus(true);
    edit->setMaximumHeight(90);
    return edit;
}
} // namespace

ReferralEventDialog::ReferralEventDialog(ReferralEventType type, const QDate& today, const QString& recordedBy,
                                         QWidget* parent)
    : QDialog(parent)
    , m_type(type)
    , m_message(messageLabel(u"eventMessage"_s, this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"referralEventDialog"_s);
    setWindowTitle(ReferralTexts::event(type));
    setAccessibleName(ReferralTexts::event(type));
    auto* form = new QFormLayout;
    switch (type) {
    case E::Declined:
        m_reason = vocabularyCombo(Vocabulary::DeclineReason, tr("Reason for declining"), this, tr("Choose a reason"));
        m_reason->setObjectName(u"declineReason"_s);
        addRow(form, tr("&Reason:"), m_reason);
        m_text = textEdit(u"eventNote"_s, this);
        addRow(form, tr("&Note (optional):"), m_text);
        break;
    case E::Completed:
        m_success = new QComboBox(this);
        m_success->setObjectName(u"completedSuccess"_s);
        m_success->addItem(tr("Successful"), true);
        m_success->addItem(tr("Not successful"), false);
        addRow(form, tr("&Result:"), m_success);
        m_text = textEdit(u"eventOutcome"_s, this);
        addRow(form, tr("&Outcome (optional):"), m_text);
        m_why = textEdit(u"eventWhy"_s, this);
        addRow(form, tr("&Why not successful:"), m_why);
        break;
    case E::Revoked:
        m_text = textEdit(u"eventReason"_s, this);
        addRow(form, tr("&Reason (optional):"), m_text);
        break;
    case E::NoteAdded:
        m_text = textEdit(u"eventNote"_s, this);
        addRow(form, tr("&Note:"), m_text);
        break;
    case E::ConsentWithdrawn:
        m_date = new QDateEdit(today, this);
        m_date->setObjectName(u"withdrawnDate"_s);
        m_date->setMaximumDate(today);
        m_date->setDisplayFormat(u"yyyy-MM-dd"_s);
        m_date->setCalendarPopup(true);
        addRow(form, tr("&Date:"), m_date);
        m_recordedBy = new QLineEdit(recordedBy, this);
        m_recordedBy->setObjectName(u"withdrawnRecordedBy"_s);
        addRow(form, tr("Recorded &by:"), m_recordedBy);
        break;
    case E::Sent:
    case E::Acknowledged:
    case E::Accepted:
    case E::Created:
    case E::FollowUpSet:
    case E::Erased:
        m_text = textEdit(u"eventNote"_s, this);
        addRow(form, tr("&Note (optional):"), m_text);
        break;
    }
    auto* intro = new QLabel(this);
    intro->setWordWrap(true);
    intro->setText(type == E::ConsentWithdrawn
                       ? tr("Once consent is withdrawn the referral is closed and nothing more of the case is shared.")
                       : tr("This is recorded on the referral and sent at the next sync."));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("R&ecord"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(u"recordEvent"_s);
    m_buttons->button(QDialogButtonBox::Ok)->setAccessibleName(tr("Record"));
    m_buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    if (m_reason)
        connect(m_reason, &QComboBox::currentIndexChanged, this, &ReferralEventDialog::update);
    if (m_success)
        connect(m_success, &QComboBox::currentIndexChanged, this, &ReferralEventDialog::update);
    for (QPlainTextEdit* e : {m_text, m_why})
        if (e)
            connect(e, &QPlainTextEdit::textChanged, this, &ReferralEventDialog::update);
    if (m_recordedBy)
        connect(m_recordedBy, &QLineEdit::textChanged, this, &ReferralEventDialog::update);
    update();
}

QString ReferralEventDialog::problem() const
{
    if (m_reason && currentCode(m_reason).isEmpty())
        return tr("Choose the reason for declining.");
    if (m_success && !m_success->currentData().toBool() && m_why->toPlainText().trimmed().isEmpty())
        return tr("Say why it was not successful.");
    if (m_type == E::NoteAdded && m_text->toPlainText().trimmed().isEmpty())
        return tr("Write the note.");
    if (m_recordedBy && m_recordedBy->text().trimmed().isEmpty())
        return tr("Say who recorded the withdrawal.");
    return {};
}

void ReferralEventDialog::update()
{
    if (m_why)
        m_why->setEnabled(!m_success->currentData().toBool());
    const QString text = problem();
    showMessage(m_message, text, false);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(text.isEmpty());
}

QJsonObject ReferralEventDialog::payload() const
{
    QJsonObject o;
    const QString text = m_text ? m_text->toPlainText().trimmed() : QString();
    switch (m_type) {
    case E::Declined:
        o.insert(u"reason"_s, currentCode(m_reason));
        break;
    case E::Completed:
        o.insert(u"success"_s, m_success->currentData().toBool());
        if (!m_success->currentData().toBool())
            o.insert(u"reason"_s, m_why->toPlainText().trimmed());
        if (!text.isEmpty())
            o.insert(u"outcome"_s, text);
        return o;
    case E::Revoked:
        if (!text.isEmpty())
            o.insert(u"reason"_s, text);
        return o;
    case E::NoteAdded:
        o.insert(u"text"_s, text);
        return o;
    case E::ConsentWithdrawn:
        o.insert(u"date"_s, toIso(m_date->date()));
        o.insert(u"recorded_by"_s, m_recordedBy->text().trimmed());
        return o;
    case E::Sent:
    case E::Acknowledged:
    case E::Accepted:
    case E::Created:
    case E::FollowUpSet:
    case E::Erased:
        break;
    }
    if (!text.isEmpty())
        o.insert(u"note"_s, text);
    return o;
}

} // namespace htmse
