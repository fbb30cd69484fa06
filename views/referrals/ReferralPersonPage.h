// ReferralPersonPage: the person's languages (type a name or a code, Enter adds it; Delete removes
// the highlighted one), whether an interpreter is needed, and where they are (a place from the
// gazetteer with a radius, or remote help).
#pragma once

#include "domain/ReferralEvent.h"
#include "taxonomy/Gazetteer.h"

#include <QHash>
#include <QWizardPage>

class QCheckBox;
class QCompleter;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;
class QStringListModel;

namespace htmse {

class ReferralPersonPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit ReferralPersonPage(QWidget* parent = nullptr);

    bool validatePage() override;
    QStringList languages() const;
    bool interpreter() const;
    std::optional<ReferralLocation> location() const; // nullopt when no place was given
    double radiusKm() const;
    bool remoteOk() const;
    void setLanguages(const QStringList& codes);
    void setInterpreter(bool needed);
    // The town nearest to `near` (none: no place).
    void setPlace(const std::optional<GeoPoint>& near, double radiusKm, bool remoteOk);
    void clearAll();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    bool addLanguage(const QString& text); // false, with an inline message, when not a language
    void updatePlaceCompletions(const QString& text);
    QString rememberPlace(const Gazetteer::City* city); // its text in the field, remembered by id
    const Gazetteer::City* city() const;                // the place typed or chosen, or null

    QLineEdit* m_languageInput;
    QListWidget* m_languages;
    QLabel* m_languageMessage;
    QCheckBox* m_interpreter;
    QLineEdit* m_place;
    QStringListModel* m_placeCompletions;
    QHash<QString, qint64> m_placeIds;
    QLabel* m_placeMessage;
    QSpinBox* m_radius;
    QCheckBox* m_remote;
};

} // namespace htmse
