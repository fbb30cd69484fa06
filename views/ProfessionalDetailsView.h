// ProfessionalDetailsView: one profile, readable at a glance. Confidential addresses are never
// shown: only that the location is confidential and how to make contact.
#pragma once

#include "domain/Professional.h"
#include "views/ClipboardGuard.h"

#include <QPointer>
#include <QTextBrowser>

namespace htmse {

class ProfessionalDetailsView : public QTextBrowser
{
    Q_OBJECT

public:
    explicit ProfessionalDetailsView(QWidget* parent = nullptr);

    void showProfessional(const Professional& professional);
    void clearProfessional();
    static QString toHtml(const Professional& professional);
    // "Monday–Friday 09:00–17:00", one line per rule, then the note and the time zone.
    static QString openingHoursHtml(const Professional& professional);
    // What is copied out of the pane is taken off the clipboard after the guard's time.
    void setClipboardGuard(ClipboardGuard* guard) { m_guard = guard; }

protected:
    QMimeData* createMimeDataFromSelection() const override;

private:
    QPointer<ClipboardGuard> m_guard;
};

} // namespace htmse
