// ReferralConsentPage: the consent block of DESIGN.md §3 — given (scope, date, who recorded it),
// a minor, or an override with its reason. For a victim-support referral under a policy that
// requires consent the page does not let the wizard go on without consent or an override.
#pragma once

#include "domain/ReferralEvent.h"

#include <QWizardPage>

class QCheckBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QRadioButton;

namespace htmse {

class ReferralConsentPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit ReferralConsentPage(QWidget* parent = nullptr);

    // Whether consent (or an override) is required for the referral being made, and the defaults
    // (today, the person recording).
    void setRequired(bool required);
    void setDefaults(const QDate& today, const QString& recordedBy);
    bool isComplete() const override;
    void initializePage() override;
    std::optional<Consent> consent() const;
    void clearAll();

signals:
    void requiredChanged();

private:
    QString problem() const; // what stops the wizard, in plain words; empty when nothing does
    void update();

    bool m_required = true;
    QRadioButton* m_given;
    QRadioButton* m_override;
    QRadioButton* m_notRecorded;
    QLineEdit* m_scope;
    QDateEdit* m_date;
    QLineEdit* m_recordedBy;
    QCheckBox* m_minor;
    QPlainTextEdit* m_overrideReason;
    QLineEdit* m_overrideBy;
    QLabel* m_rule;
    QLabel* m_message;
};

} // namespace htmse
