import type { z } from 'zod';
import {
  addFilm,
  addScreening,
  deleteFilm,
  deleteScreening,
  updateFilm,
  updateScreening,
} from './screenings.service';
import type { SetupKit } from './setup.routes';
import {
  filmForm,
  filmParams,
  parseSetupForm,
  removeForm,
  requireConfirmation,
  screeningForm,
  screeningParams,
  screeningTimes,
  setupParams,
  teamForm,
  teamParams,
  zoneForm,
  zoneParams,
} from './setup-forms';
import { addZone, deleteZone, updateZone } from './stands.service';
import { addTeamMember, removeTeamMember } from './team.service';

type ZoneParams = z.output<typeof zoneParams>;
type TeamParams = z.output<typeof teamParams>;
type FilmParams = z.output<typeof filmParams>;
type ScreeningParams = z.output<typeof screeningParams>;

/** The set-up's parts, one form each: zones, the team, films and screenings. */
export function mountSetupPartPages(kit: SetupKit): void {
  const { pages, comms: guards, managesStand: policy, setupForm } = kit;
  const stand = { guards, params: setupParams, policy };

  pages.post(
    '/stands/:id/zones',
    stand,
    setupForm('zone-add', async (req, standId) => {
      const { _csrf: _ignored, ...form } = parseSetupForm(zoneForm, req.body);
      await addZone(standId, { ...form, items: [] });
    }),
  );

  const zoneFormName = (p: ZoneParams) => `zone-${p.zoneId.toLowerCase()}`;
  pages.post(
    '/stands/:id/zones/:zoneId',
    { guards, params: zoneParams, policy },
    setupForm<ZoneParams>(zoneFormName, async (req, standId, _zone, params) => {
      const form = parseSetupForm(zoneForm, req.body);
      await updateZone(standId, params.zoneId, {
        kind: form.kind,
        name: form.name,
        description: form.description ?? '',
        ...(form.projectId ? { projectId: form.projectId } : {}),
        qrCodeIds: form.qrCodeIds,
      });
    }),
  );

  pages.post(
    '/stands/:id/zones/:zoneId/delete',
    { guards, params: zoneParams, policy },
    setupForm<ZoneParams>(zoneFormName, async (req, standId, _zone, params) => {
      parseSetupForm(removeForm, req.body);
      await deleteZone(standId, params.zoneId.toLowerCase());
    }),
  );

  pages.post(
    '/stands/:id/team',
    stand,
    setupForm('team-add', async (req, standId) => {
      const form = parseSetupForm(teamForm, req.body);
      await addTeamMember(standId, {
        personId: form.personId,
        projectId: form.projectId,
        role: form.role,
        phone: form.phone,
      });
    }),
  );

  pages.post(
    '/stands/:id/team/:personId/delete',
    { guards, params: teamParams, policy },
    setupForm<TeamParams>(
      (p) => `team-remove-${p.personId.toLowerCase()}`,
      async (req, standId, _zone, params) => {
        const form = parseSetupForm(removeForm, req.body);
        await removeTeamMember(standId, params.personId, form.cascade === 'true');
      },
    ),
  );

  pages.post(
    '/stands/:id/films',
    stand,
    setupForm('film-add', async (req, standId) => {
      const { _csrf: _ignored, ...film } = parseSetupForm(filmForm, req.body);
      await addFilm(standId, film);
    }),
  );

  pages.post(
    '/stands/:id/films/:filmId',
    { guards, params: filmParams, policy },
    setupForm<FilmParams>(
      (p) => `film-${p.filmId.toLowerCase()}`,
      async (req, standId, _zone, params) => {
        const { _csrf: _ignored, ...film } = parseSetupForm(filmForm, req.body);
        // Every field is on the form: a blanked one is cleared.
        await updateFilm(standId, params.filmId, {
          title: film.title,
          city: film.city,
          durationMinutes: film.durationMinutes,
          language: film.language,
          subtitles: film.subtitles,
          url: film.url,
        });
      },
    ),
  );

  pages.post(
    '/stands/:id/films/:filmId/delete',
    { guards, params: filmParams, policy },
    setupForm<FilmParams>(
      (p) => `film-delete-${p.filmId.toLowerCase()}`,
      async (req, standId, _zone, params) => {
        requireConfirmation(req.body, 'Delete this film? This cannot be undone.');
        await deleteFilm(standId, params.filmId);
      },
    ),
  );

  pages.post(
    '/stands/:id/screenings/:screeningId',
    { guards, params: screeningParams, policy },
    setupForm<ScreeningParams>(
      (p) => `screening-${p.screeningId.toLowerCase()}`,
      async (req, standId, timeZone, params) => {
        const form = parseSetupForm(screeningForm, req.body);
        await updateScreening(standId, params.screeningId, {
          ...screeningTimes(form, timeZone),
          mode: form.mode,
          filmIds: form.filmIds,
          zoneId: form.zoneId,
        });
      },
    ),
  );

  pages.post(
    '/stands/:id/screenings/:screeningId/delete',
    { guards, params: screeningParams, policy },
    setupForm<ScreeningParams>(
      (p) => `screening-delete-${p.screeningId.toLowerCase()}`,
      async (req, standId, _zone, params) => {
        requireConfirmation(req.body, 'Delete this screening? This cannot be undone.');
        await deleteScreening(standId, params.screeningId);
      },
    ),
  );

  pages.post(
    '/stands/:id/screenings',
    stand,
    setupForm('screening-add', async (req, standId, timeZone) => {
      const form = parseSetupForm(screeningForm, req.body);
      const { start, end } = screeningTimes(form, timeZone);
      await addScreening(standId, {
        mode: form.mode,
        filmIds: form.filmIds,
        zoneId: form.zoneId,
        start,
        end,
      });
    }),
  );
}
