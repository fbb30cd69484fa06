#include "views/referrals/ReferralConsentPage.h"

#include "views/referrals/ReferralWizardWidgets.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDateEdit>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRadioButton>
#include <QVBoxLayout>

namespace htmse {

using namespace referralui;
using namespace Qt::StringLiterals;

ReferralConsentPage::ReferralConsentPage(QWidget* parent)
    : QWizardPage(parent)
    , m_given(new QRadioButton(tr("The person con&sented to this referral"), this))
    , m_override(
          new QRadioButton(tr("No consent: recorded &override with a reason (e.g. a child-protection duty)"), this))
    , m_notRecorded(new QRadioButton(tr("No consent recorded"), this))
    , m_scope(new QLineEdit(this))
    , m_date(new QDateEdit(this))
    , m_recordedBy(new QLineEdit(this))
    , m_minor(new QCheckBox(tr("The person is a &minor (under 18)"), this))
    , m_overrideReason(new QPlainTextEdit(this))
    , m_overrideBy(new QLineEdit(this))
    , m_rule(new QLabel(this))
    , m_message(messageLabel(u"consentMessage"_s, this))
{
    setTitle(tr("Consent"));
    setSubTitle(tr("What the person agreed to be shared, and with whom."));
    m_given->setObjectName(u"consentGiven"_s);
    m_override->setObjectName(u"consentOverride"_s);
    m_notRecorded->setObjectName(u"consentNotRecorded"_s);
    for (QRadioButton* b : {m_given, m_override, m_notRecorded})
        b->setAccessibleName(b->text().remove(u'&'));
    auto* group = new QButtonGroup(this);
    group->addButton(m_given);
    group->addButton(m_override);
    group->addButton(m_notRecorded);
    m_notRecorded->setChecked(true);
    m_scope->setObjectName(u"consentScope"_s);
    m_scope->setPlaceholderText(tr("for example: legal advice and a medical appointment"));
    m_date->setObjectName(u"consentDate"_s);
    m_date->setCalendarPopup(true);
    m_date->setDisplayFormat(u"yyyy-MM-dd"_s);
    m_recordedBy->setObjectName(u"consentRecordedBy"_s);
    m_minor->setObjectName(u"minor"_s);
    m_minor->setAccessibleName(tr("The person is a minor"));
    m_overrideReason->setObjectName(u"overrideReason"_s);
    m_overrideReason->setTabChangesFocus(true);
    m_overrideReason->setMaximumHeight(70);
    m_overrideBy->setObjectName(u"overrideBy"_s);
    m_rule->setWordWrap(true);

    auto* form = new QFormLayout;
    addRow(form, tr("Sco&pe:"), m_scope);
    addRow(form, tr("&Date:"), m_date);
    addRow(form, tr("Recorded b&y:"), m_recordedBy);
    addRow(form, tr("&Reason for the override:"), m_overrideReason);
    addRow(form, tr("Ov&erride decided by:"), m_overrideBy);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_rule);
    layout->addWidget(m_given);
    layout->addWidget(m_override);
    layout->addWidget(m_notRecorded);
    layout->addLayout(form);
    layout->addWidget(m_minor);
    layout->addWidget(m_message);
    layout->addStretch(1);
    setTabOrder(m_given, m_override);
    setTabOrder(m_override, m_notRecorded);
    setTabOrder(m_notRecorded, m_scope);
    setTabOrder(m_scope, m_date);
    setTabOrder(m_date, m_recordedBy);
    setTabOrder(m_recordedBy, m_overrideReason);
    setTabOrder(m_overrideReason, m_overrideBy);
    setTabOrder(m_overrideBy, m_minor);

    for (QRadioButton* b : {m_given, m_override, m_notRecorded})
        connect(b, &QRadioButton::toggled, this, &ReferralConsentPage::update);
    for (QLineEdit* e : {m_scope, m_recordedBy, m_overrideBy})
        connect(e, &QLineEdit::textChanged, this, &ReferralConsentPage::update);
    connect(m_overrideReason, &QPlainTextEdit::textChanged, this, &ReferralConsentPage::update);
    connect(m_minor, &QCheckBox::toggled, this, &ReferralConsentPage::update);
    update();
}

void ReferralConsentPage::setRequired(bool required)
{
    m_required = required;
    update();
}

void ReferralConsentPage::setDefaults(const QDate& today, const QString& recordedBy)
{
    m_date->setMaximumDate(today);
    m_date->setDate(today);
    m_recordedBy->setText(recordedBy);
    m_overrideBy->setText(recordedBy);
}

void ReferralConsentPage::initializePage()
{
    update();
}

QString ReferralConsentPage::problem() const
{
    if (m_given->isChecked()) {
        if (m_recordedBy->text().trimmed().isEmpty())
            return tr("Say who recorded the consent.");
        return {};
    }
    if (m_override->isChecked()) {
        if (m_overrideReason->toPlainText().trimmed().isEmpty())
            return tr("Write the reason for going ahead without consent.");
        if (m_overrideBy->text().trimmed().isEmpty())
            return tr("Say who decided the override.");
        return {};
    }
    if (m_required)
        return tr("This office requires the person's consent, or an override with its reason, for a victim-support "
                  "referral. Choose one to go on.");
    return {};
}

void ReferralConsentPage::update()
{
    const bool given = m_given->isChecked();
    const bool over = m_override->isChecked();
    m_scope->setEnabled(given);
    m_date->setEnabled(given);
    m_recordedBy->setEnabled(given);
    m_overrideReason->setEnabled(over);
    m_overrideBy->setEnabled(over);
    m_notRecorded->setEnabled(!m_required || m_notRecorded->isChecked());
    m_rule->setText(m_required ? tr("This office requires consent, or an override with its reason, for this referral.")
                               : tr("Record consent if the person gave it."));
    QString text = problem();
    if (text.isEmpty() && m_minor->isChecked())
        text = tr("For a minor, record the consent of whoever may give it, or an override under your "
                  "child-protection duty.");
    showMessage(m_message, text, problem().isEmpty());
    emit completeChanged();
}

bool ReferralConsentPage::isComplete() const
{
    return problem().isEmpty();
}

std::optional<Consent> ReferralConsentPage::consent() const
{
    if (m_notRecorded->isChecked() && !m_minor->isChecked())
        return std::nullopt;
    Consent c;
    c.minor = m_minor->isChecked();
    if (m_given->isChecked()) {
        c.given = true;
        c.scope = m_scope->text().trimmed();
        c.date = m_date->date();
        c.recordedBy = m_recordedBy->text().trimmed();
    } else if (m_override->isChecked()) {
        c.override = true;
        c.overrideReason = m_overrideReason->toPlainText().trimmed();
        c.overrideBy = m_overrideBy->text().trimmed();
    }
    return c;
}

void ReferralConsentPage::clearAll()
{
    m_notRecorded->setEnabled(true);
    m_notRecorded->setChecked(true);
    m_scope->clear();
    m_overrideReason->clear();
    m_minor->setChecked(false);
    update();
}

} // namespace htmse
