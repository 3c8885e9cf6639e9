// What a reference picker knows of the record it is filled in for: its department, so that the
// people of that department are offered first (a request's handler from the request's department).
import { createContext, useContext } from 'react';

export type ReferenceContext = { department?: string | null };

export const ReferencePreference = createContext<ReferenceContext>({});

export const useReferencePreference = (): ReferenceContext => useContext(ReferencePreference);
