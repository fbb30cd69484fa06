#include "views/referrals/ReferralWizard.h"

#include "core/JsonReader.h"
#include "export/ReferralLetter.h"
#include "session/ProfileWorkspace.h"
#include "views/referrals/ReferralCasePage.h"
#include "views/referrals/ReferralConfirmPage.h"
#include "views/referrals/ReferralConsentPage.h"
#include "views/referrals/ReferralNeedsPage.h"
#include "views/referrals/ReferralPersonPage.h"
#include "views/referrals/ReferralRecipientPage.h"
#include "views/referrals/ReferralStatutoryPage.h"
#include "views/referrals/ReferralTexts.h"

#include <QAbstractButton>
#include <QLocale>

namespace htmse {

using namespace Qt::StringLiterals;

ReferralWizard::ReferralWizard(ProfileWorkspace& workspace, QWidget* parent)
    : QWizard(parent)
    , m_workspace(&workspace)
    , m_case(new ReferralCasePage(this))
    , m_needs(new ReferralNeedsPage(this))
    , m_person(new ReferralPersonPage(this))
    , m_consent(new ReferralConsentPage(this))
    , m_statutory(new ReferralStatutoryPage(this))
    , m_recipient(new ReferralRecipientPage([this] { return matchQuery(); }, this))
    , m_confirm(new ReferralConfirmPage(this))
{
    setObjectName(u"referralWizard"_s);
    // No case data in the title: it shows in task bars and window lists.
    setWindowTitle(tr("New referral"));
    setAccessibleName(tr("New referral"));
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::HaveHelpButton, false);
    setPage(CasePage, m_case);
    setPage(NeedsPage, m_needs);
    setPage(PersonPage, m_person);
    setPage(ConsentPage, m_consent);
    setPage(StatutoryPage, m_statutory);
    setPage(RecipientPage, m_recipient);
    setPage(ConfirmPage, m_confirm);
    for (WizardButton b : {BackButton, NextButton, CommitButton, FinishButton, CancelButton, HelpButton})
        if (QAbstractButton* button = this->button(b))
            button->setAccessibleName(button->text().remove(u'&').remove(u'<').remove(u'>').trimmed());
    const QDate today = workspace.clock().now().toLocalTime().date();
    m_consent->setDefaults(today, workspace.profile().name);
    m_statutory->setToday(today);
    m_recipient->setWorkspace(&workspace);
    connect(m_case, &ReferralCasePage::kindChanged, this, &ReferralWizard::updateConsentRule);
    connect(&workspace, &ProfileWorkspace::closing, this, &ReferralWizard::workspaceClosing);
    updateConsentRule();
    resize(760, 600);
}

ReferralWizard::~ReferralWizard() = default;

void ReferralWizard::updateConsentRule()
{
    const bool required =
        m_workspace && m_workspace->policy().consentRequiredForVictimReferrals && m_case->kind() == "victim-support"_L1;
    m_consent->setRequired(required);
}

void ReferralWizard::prefill(const MatchQuery& query, const QUuid& recipient, const QString& kind)
{
    m_base = query;
    QStringList needs;
    for (const MatchQuery::Need& n : query.needs)
        needs.append(n.code);
    m_needs->setNeeds(needs);
    m_person->setLanguages(query.languages);
    m_person->setInterpreter(query.interpreterOk);
    m_person->setPlace(query.near, query.radiusKm, query.remoteOk);
    m_recipient->setPreferredRecipient(recipient);
    if (!kind.isEmpty())
        m_case->setKind(kind);
}

MatchQuery ReferralWizard::matchQuery() const
{
    MatchQuery q = m_base;
    q.needs.clear();
    for (const QString& code : m_needs->needs())
        q.needs.append({code, true});
    q.languages = m_person->languages();
    q.interpreterOk = m_person->interpreter();
    const auto location = m_person->location();
    q.near = location ? location->point : std::nullopt;
    q.radiusKm = m_person->radiusKm();
    q.remoteOk = m_person->remoteOk() || !location;
    q.limit = 20;
    return q;
}

ReferralDetails ReferralWizard::details() const
{
    ReferralDetails d;
    m_case->apply(d);
    d.needs = m_needs->needs();
    d.languages = m_person->languages();
    d.interpreter = m_person->interpreter();
    d.location = m_person->location();
    d.consent = m_consent->consent();
    d.statutory = m_statutory->route();
    d.recipientId = m_recipient->recipientId();
    d.externalRecipient = m_recipient->externalRecipient();
    return d;
}

QString ReferralWizard::letterHtml(const ReferralDetails& details) const
{
    // The letter of the referral as it will be recorded: the fold of its "created" event.
    ReferralEvent created;
    created.id = QUuid::createUuid();
    created.referralId = QUuid::createUuid();
    created.type = ReferralEventType::Created;
    created.payload = details.toJson();
    created.deviceId = m_workspace ? m_workspace->deviceId() : QString();
    created.clientTime = m_workspace ? m_workspace->clock().now().toUTC() : QDateTime::currentDateTimeUtc();
    LetterContext context;
    context.referrerName = m_workspace ? m_workspace->profile().name : QString();
    context.replyRoute = tr("Reply through HTMSE");
    context.recipientName = m_recipient->recipientName();
    // The store gives the referral its id when it records it: the preview cannot know it yet.
    return ReferralLetter::html(Referral::fold({created}), context)
        .replace(uuidString(created.referralId), tr("(given when the referral is recorded)"));
}

QString ReferralWizard::duplicatesText(const ReferralDetails& details) const
{
    if (!m_workspace)
        return {};
    const QList<ReferralSummary> duplicates = m_workspace->referrals().duplicatesOf(details);
    if (duplicates.isEmpty())
        return {};
    const QString recipient =
        details.recipientId.isNull() ? details.externalRecipient : uuidString(details.recipientId);
    QStringList lines;
    for (const ReferralSummary& s : duplicates) {
        const QString when = QLocale().toString(s.createdAt.toLocalTime().date(), QLocale::ShortFormat);
        lines.append(
            s.recipient == recipient
                ? tr("• already referred to this recipient on %1 (%2)").arg(when, ReferralTexts::status(s.status))
                : tr("• already referred for one of the same needs on %1 (%2)")
                      .arg(when, ReferralTexts::status(s.status)));
    }
    return tr("This case has open referrals like this one:\n%1\nRecording it again makes a second referral.")
        .arg(lines.join(u'\n'));
}

void ReferralWizard::initializePage(int id)
{
    QWizard::initializePage(id);
    if (id == ConfirmPage) {
        const ReferralDetails d = details();
        m_confirm->showLetter(letterHtml(d), duplicatesText(d));
        m_confirm->offerAnswerLink(!d.externalRecipient.isEmpty());
    }
}

bool ReferralWizard::validateCurrentPage()
{
    if (!QWizard::validateCurrentPage())
        return false;
    return currentId() != ConfirmPage || record();
}

bool ReferralWizard::record()
{
    if (!m_workspace || !m_workspace->isOpen()) {
        m_confirm->showError(tr("The profile is locked. Unlock it and start the referral again."));
        return false;
    }
    ReferralError error;
    const auto id = m_workspace->createReferral(details(), &error);
    if (!id) {
        m_confirm->showError(tr("The referral was not recorded: %1").arg(error.message));
        return false;
    }
    const bool answerLink = m_confirm->wantsAnswerLink();
    emit referralRecorded(*id);
    if (answerLink) {
        // The link answers a sent referral: the letter goes with it.
        if (!m_workspace->addReferralEvent(*id, ReferralEventType::Sent, {}, &error))
            return true; // recorded; the log shows it unsent, and the link can be made there later
        emit answerLinkRequested(*id);
    }
    return true;
}

void ReferralWizard::done(int result)
{
    QWizard::done(result);
    // Recorded or cancelled, nothing of the case stays behind in the closed wizard.
    clearPages();
}

void ReferralWizard::workspaceClosing()
{
    // Nothing of the case stays on screen once the profile is locked.
    m_recipient->setWorkspace(nullptr);
    m_workspace = nullptr;
    reject();
}

void ReferralWizard::clearPages()
{
    m_case->clearAll();
    m_needs->clearAll();
    m_person->clearAll();
    m_consent->clearAll();
    m_statutory->clearAll();
    m_recipient->clearAll();
    m_confirm->clearAll();
    m_base = {};
    restart();
    updateConsentRule();
}

} // namespace htmse
