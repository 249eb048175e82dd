"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/lib/client/api";
import type { TIncident } from "@/lib/schemas/incident";

export function CreateIncidentForm() {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [title, setTitle] = useState("");
  const [ticket, setTicket] = useState("");
  const create = useMutation({
    mutationFn: (input: { title: string; ticket?: string }) =>
      apiFetch<TIncident>("/api/incidents", { method: "POST", json: input }),
    // A new incident is where its evidence goes next: open it.
    onSuccess: (incident) => {
      void queryClient.invalidateQueries({ queryKey: ["incidents"] });
      router.push(`/incidents/${incident.id}`);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ title, ...(ticket.trim() ? { ticket: ticket.trim() } : {}) });
  }

  return (
    <form className="card row" onSubmit={submit} aria-label="New incident">
      <label className="field grow">
        Title
        <input
          name="title"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder="DNS errors during rollouts"
          required
          maxLength={200}
        />
      </label>
      <label className="field">
        Ticket
        <input name="ticket" value={ticket} onChange={(e) => setTicket(e.target.value)} placeholder="OPS-1234" />
      </label>
      <button type="submit" className="primary" disabled={create.isPending} style={{ alignSelf: "flex-end" }}>
        {create.isPending ? "Creating…" : "Create incident"}
      </button>
      {create.error && <p className="error-text" role="alert" style={{ flexBasis: "100%", margin: 0 }}>{create.error.message}</p>}
    </form>
  );
}
